import PolicyCore

/// One image of a `describe-images` listing, as the lifecycle preview needs it.
public struct LifecycleImage: Sendable, Equatable {
    public var digest: String
    public var tags: [String]
    /// Seconds since 1970-01-01T00:00:00Z.
    public var pushedAt: Double
    /// `imagePushedAt` as the listing wrote it (epoch seconds or ISO 8601 text), printed back unchanged.
    public var pushedAtValue: JSONNode
    public var lastPulledAt: Double?
    public var archivedAt: Double?
    /// `imageStatus` ARCHIVED: the image is in the archive storage class.
    public var archived: Bool

    public init(digest: String, tags: [String], pushedAt: Double, pushedAtValue: JSONNode, lastPulledAt: Double? = nil,
                archivedAt: Double? = nil, archived: Bool = false) {
        self.digest = digest
        self.tags = tags
        self.pushedAt = pushedAt
        self.pushedAtValue = pushedAtValue
        self.lastPulledAt = lastPulledAt
        self.archivedAt = archivedAt
        self.archived = archived
    }
}

/// What the preview decided for one image: the rule that applies its action.
public struct LifecyclePreviewResult: Sendable, Equatable {
    public var image: LifecycleImage
    public var rule: LifecycleRule
}

/// Why an image cannot be previewed: the rule needs a time the listing does not carry.
public struct LifecyclePreviewError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// ECR's lifecycle evaluation (Amazon ECR User Guide, "Lifecycle policy evaluation rules"), offline:
/// every rule identifies the images matching its tagging requirements and marks those its count
/// selects (oldest first: `imageCountMoreThan` keeps the newest N, age rules mark images older than N
/// days); rules are then applied from the lowest rulePriority up, an image is acted on by at most one
/// rule, and an image whose tags matched an earlier rule can never be acted on by a later one.
public enum LifecyclePreview {
    /// `now` is seconds since 1970 (the caller's clock; the core reads none).
    public static func evaluate(_ policy: LifecyclePolicy, images: [LifecycleImage], now: Double) throws(LifecyclePreviewError) -> [LifecyclePreviewResult] {
        // Oldest first; equal push times in digest order, so the outcome never depends on the listing's order.
        let ordered = images.sorted { ($0.pushedAt, $0.digest) < ($1.pushedAt, $1.digest) }
        var seen = Set<Int>()
        var results: [Int: LifecyclePreviewResult] = [:]
        for rule in policy.rulesByPriority {
            let archive = rule.storageClass == "archive"
            let selected = ordered.indices.filter { ordered[$0].archived == archive && rule.selects(tags: ordered[$0].tags) }
            let marked: [Int]
            if rule.countType == .imageCountMoreThan {
                marked = Array(selected.dropLast(rule.countNumber))
            } else {
                let limit = now - Double(rule.countNumber) * 86_400
                var older: [Int] = []
                for index in selected where try referenceTime(ordered[index], rule: rule) < limit { older.append(index) }
                marked = older
            }
            for index in marked where !seen.contains(index) && results[index] == nil {
                results[index] = LifecyclePreviewResult(image: ordered[index], rule: rule)
            }
            seen.formUnion(selected)
        }
        return results.keys.sorted().compactMap { results[$0] }
    }

    private static func referenceTime(_ image: LifecycleImage, rule: LifecycleRule) throws(LifecyclePreviewError) -> Double {
        switch rule.countType {
        case .sinceImagePulled:
            guard let time = image.lastPulledAt else {
                throw LifecyclePreviewError(message: "rule \(rule.priority) (sinceImagePulled) needs lastRecordedPullTime, which the listing does not give for \(image.digest)")
            }
            return time
        case .sinceImageTransitioned:
            guard let time = image.archivedAt else {
                throw LifecyclePreviewError(message: "rule \(rule.priority) (sinceImageTransitioned) needs lastArchivedAt, which the listing does not give for \(image.digest)")
            }
            return time
        default:
            return image.pushedAt
        }
    }
}

/// Reads the images of `aws ecr describe-images` output (`{"imageDetails": [...]}`, one page or all),
/// timestamps as epoch seconds (the API) or ISO 8601 text (the AWS CLI's output).
public enum LifecycleImageListing {
    public static func read(_ text: String, file: String) throws(LifecyclePreviewError) -> [LifecycleImage] {
        let root: JSONNode
        do { root = try JSONParser.parse(text) } catch {
            throw LifecyclePreviewError(message: "\(file):\(error.position.line):\(error.position.column): not JSON: \(error.message)")
        }
        guard let details = root["imageDetails"]?.elements else {
            throw LifecyclePreviewError(message: "\(file):\(root.span.start): expected describe-images output, an object with an \"imageDetails\" array")
        }
        var images: [LifecycleImage] = []
        for detail in details {
            func fail(_ what: String, _ node: JSONNode) -> LifecyclePreviewError {
                LifecyclePreviewError(message: "\(file):\(node.span.start): \(what)")
            }
            guard let digest = detail["imageDigest"]?.stringValue else { throw fail("image has no imageDigest", detail) }
            guard let pushed = detail["imagePushedAt"], let pushedAt = time(pushed) else {
                throw fail("image \(digest) has no readable imagePushedAt", detail["imagePushedAt"] ?? detail)
            }
            var tags: [String] = []
            if let list = detail["imageTags"] {
                guard let elements = list.elements else { throw fail("imageTags is not an array", list) }
                for element in elements {
                    guard let tag = element.stringValue else { throw fail("an image tag is not a string", element) }
                    tags.append(tag)
                }
            }
            func optionalTime(_ key: String) throws(LifecyclePreviewError) -> Double? {
                guard let node = detail[key] else { return nil }
                guard let value = time(node) else { throw fail("\(key) of \(digest) is not a time", node) }
                return value
            }
            images.append(LifecycleImage(digest: digest, tags: tags, pushedAt: pushedAt, pushedAtValue: pushed,
                                         lastPulledAt: try optionalTime("lastRecordedPullTime"), archivedAt: try optionalTime("lastArchivedAt"),
                                         archived: detail["imageStatus"]?.stringValue == "ARCHIVED"))
        }
        return images
    }

    private static func time(_ node: JSONNode) -> Double? {
        switch node.kind {
        case .number(let text): return Double(text)
        case .string(let text): return DateValue.parse(text)
        default: return nil
        }
    }
}
