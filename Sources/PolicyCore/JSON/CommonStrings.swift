/// The strings that recur in almost every policy — element names, `Allow`/`Deny`, versions,
/// condition operators, ECR actions, the global condition keys — made once, so the parser hands out
/// the same `String` instead of validating and copying (and, above 15 bytes, allocating) them again
/// for every occurrence. In a typical repository policy more than half of the strings are on this list.
///
/// A lookup hashes the first and last eight bytes and the length, then compares the bytes in between
/// (if any) word by word: about a dozen instructions for the usual key, against several dozen to
/// validate and build a `String` (plus an allocation above 15 bytes).
public struct CommonStrings: Sendable {
    static let shared = CommonStrings(PolicyVocabulary.strings)

    /// Building the table costs about two million instructions (the vocabulary, then the table)
    /// and saves a few thousand per typical policy, so a reader asks for it
    /// (`internsPolicyWords: true`) only when it knows it reads at least this many policies (a
    /// registry's `PolicyLibrary`, a `simulate --batch` file). A single `check`, the gate of an
    /// `ecrguard ecr` call and an API answer are read without it; the parsed values are the same.
    public static let worthwhileDocuments = 64

    /// Longer strings are rare in the vocabulary and cost more to compare.
    static let maxLength = 48

    /// What identifies a string: plain numbers, so probing copies no reference-counted value.
    private struct Key: Sendable, Equatable {
        var head: UInt64 = 0
        var tail: UInt64 = 0
        /// 0 marks an empty slot (the empty string is never interned).
        var count: Int = 0
    }

    private var keys: [Key]
    private var strings: [String]
    /// The UTF-8 bytes of every interned string, one after another; `starts` has each slot's offset.
    private var vocabularyBytes: [UInt8] = []
    private var starts: [Int]
    private let shift: UInt64

    init(_ vocabulary: [String]) {
        var bits: UInt64 = 4
        while (1 << bits) < vocabulary.count * 4 { bits += 1 }
        shift = 64 - bits
        keys = Array(repeating: Key(), count: 1 << bits)
        strings = Array(repeating: "", count: 1 << bits)
        starts = Array(repeating: 0, count: 1 << bits)
        for string in vocabulary where (1...Self.maxLength).contains(string.utf8.count) {
            let bytes = Array(string.utf8)
            let key = bytes.withUnsafeBufferPointer { Self.key(UnsafeRawPointer($0.baseAddress!), $0.count, readable: $0.count) }
            var i = slotIndex(key)
            while keys[i].count != 0 && strings[i] != string { i = (i + 1) & (keys.count - 1) }
            keys[i] = key
            strings[i] = string
            starts[i] = vocabularyBytes.count
            vocabularyBytes += bytes
        }
    }

    /// The interned string equal to the `count` bytes at `start`, or nil. `readable` bytes from
    /// `start` may be read (at least `count`; eight or more makes short strings faster).
    @inline(__always)
    func string(at start: UnsafePointer<UInt8>, count: Int, readable: Int) -> String? {
        guard count > 0, count <= Self.maxLength else { return nil }
        let raw = UnsafeRawPointer(start)
        let key = Self.key(raw, count, readable: readable)
        var i = slotIndex(key)
        while true {
            if keys[i] == key { break }
            if keys[i].count == 0 { return nil }
            i = (i + 1) & (keys.count - 1)
        }
        if count <= 16 { return strings[i] }
        // The first and last eight bytes are equal; compare the words in between.
        let same = vocabularyBytes.withUnsafeBytes { stored in
            var k = 8
            while k < count - 8 {
                if raw.loadUnaligned(fromByteOffset: k, as: UInt64.self) != stored.loadUnaligned(fromByteOffset: starts[i] + k, as: UInt64.self) { return false }
                k += 8
            }
            return true
        }
        return same ? strings[i] : nil
    }

    @inline(__always)
    private func slotIndex(_ key: Key) -> Int {
        let mixed = (key.head &* 0x9E37_79B9_7F4A_7C15) ^ (key.tail &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(key.count)
        return Int(truncatingIfNeeded: (mixed &* 0x1656_67B1_9E37_79F9) >> shift)
    }

    /// The first and the last eight bytes (overlapping for 8–15 bytes), or the bytes in one word
    /// when there are fewer than eight, and the length.
    @inline(__always)
    private static func key(_ raw: UnsafeRawPointer, _ count: Int, readable: Int) -> Key {
        if count >= 8 {
            return Key(head: raw.loadUnaligned(as: UInt64.self), tail: raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self), count: count)
        }
        if readable >= 8 {
            // One load, then keep the string's bytes (the first in memory are the low ones on little-endian).
            let word = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            return Key(head: word & (1 << (8 * UInt64(count)) - 1), tail: 0, count: count)
        }
        var word: UInt64 = 0
        for k in 0..<count { word |= UInt64(raw.load(fromByteOffset: k, as: UInt8.self)) << (8 * UInt64(k)) }
        return Key(head: word, tail: 0, count: count)
    }
}

/// What `CommonStrings` holds: the words of the policy language and of ECR policies in practice.
enum PolicyVocabulary {
    static let strings: [String] = {
        var words = [
            "Version", "Id", "Statement", "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
            "Resource", "NotResource", "Condition", "AWS", "Service", "Federated", "CanonicalUser",
            "Allow", "Deny", "2012-10-17", "2008-10-17", "*", "true", "false", "ecr:*",
            "ecr.amazonaws.com", "replication.ecr.amazonaws.com", "pullthroughcache.ecr.amazonaws.com",
            "lambda.amazonaws.com", "codebuild.amazonaws.com", "ecs-tasks.amazonaws.com", "ec2.amazonaws.com",
            "eks.amazonaws.com", "sagemaker.amazonaws.com", "batch.amazonaws.com",
        ]
        words += globalConditionKeys
        words += ConditionOperator.all.map(\.description)
        words += KnownActions.fallbackNames
        return words
    }()

    static let globalConditionKeys = [
        "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalType",
        "aws:PrincipalIsAWSService", "aws:PrincipalServiceName", "aws:SourceIp", "aws:SourceVpc", "aws:SourceVpce",
        "aws:VpcSourceIp", "aws:SecureTransport", "aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID",
        "aws:SourceOrgPaths", "aws:CurrentTime", "aws:EpochTime", "aws:MultiFactorAuthPresent", "aws:ViaAWSService",
        "aws:CalledVia", "aws:RequestedRegion", "aws:userid", "aws:username", "aws:ResourceAccount",
        "aws:ResourceOrgID", "aws:ResourceOrgPaths", "aws:TagKeys", "ecr:ResourceTag", "ecr:AccountSetting",
    ]
}
