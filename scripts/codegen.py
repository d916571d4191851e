#!/usr/bin/env python3
"""Generates the typed AWS clients (ECR, Organizations, IAM, STS, ECR Public) under
Sources/ECRClient/Generated/, and the `ecrguard ecr` command-line model under
Sources/ECRGuardCLI/Generated/, from the botocore service models committed under Codegen/models/
(see Codegen/models/README.md).

Usage:
    scripts/codegen.py                 # rewrites both Generated/ directories
    scripts/codegen.py --check         # regenerates into a temporary directory and diffs; exit 1 if stale
    scripts/codegen.py --output DIR    # writes DIR/ECRClient/... and DIR/ECRGuardCLI/... instead

Python 3 standard library only; the output depends only on Codegen/ (models and config.json), never
on the machine, the clock or the installed botocore, so regenerating is the same everywhere.

Naming rules (what callers can rely on):
  - One Swift namespace per service: the client struct (`ECR`, `Organizations`, `IAM`, `STS`), and
    every shape of the model nested in it under the model's own shape name (`ECR.Repository`,
    `IAM.RoleDetail`). Every operation's input and output are `<Operation>Request` and
    `<Operation>Response` (the model's names; where the model names them otherwise, for four IAM
    operations, a typealias with that name is added).
  - Client methods are the operation names in lowerCamel case: `describeRepositories(_:)`. An
    operation without input takes no argument; one without output returns nothing. An input whose
    members are all optional defaults to empty: `ecr.describeRepositories()`.
  - Members are the model's member names in lowerCamel case (`RoleName` -> `roleName`, `ARN` -> `arn`,
    `SAMLProviderList` -> `samlProviderList`), in the model's order; the wire name stays in the code
    that reads and writes it.
  - Types: string -> String, integer/long -> Int, boolean -> Bool, double/float -> Double,
    timestamp -> AWSTimestamp (keeps the value as sent), blob -> Data (base64 on the JSON and Query
    wire), list -> [T], map -> OrderedMap<T> (keeps the order the service sent), structure -> struct,
    string with an `enum` -> an open string-backed struct (`ECR.ImageTagMutability.immutable`; any
    other value the service sends is kept as its raw value).
  - Required members are non-optional in shapes used only in requests; in shapes that appear in an
    answer every member is optional (services and emulators omit members; the CLI prints what came).
  - Error codes: `<Service>.ErrorCode.<shapeName>` (`ECR.ErrorCode.repositoryNotFoundException`),
    the code the service sends (the shape's `error.code` for Query services); `<Service>.ServiceError`
    is the typed form of an error answer: a case per error shape of the model with its message, and
    `.unknown(code:message:)` for any other code (`ECR.ServiceError(error)` from an `AWSClientError`).
  - Paginators: `<operation>Paginator(_:)` for every entry of paginators-1.json with one input and
    one output token; `<Service>.paginators[<Operation>]` gives the tokens and result keys.
  - Waiters: `waitUntil<WaiterName>(_:)` for every entry of waiters-2.json.
  - JSON services also get `invoke(_ operation:body:)`: a request body built elsewhere (a command
    line), the answer read into the output shape and returned as `jsonValue()`.

The command-line model (a service whose config has `"cliModel": true`; ECR) is the AWS CLI's view of
the same service model: every operation with its AWS CLI name (`DescribeImages` -> `describe-images`),
every shape the operations' inputs and outputs use (members in the model's order, required members,
enum values), the paginators, the waiters (`image-scan-complete`) and the first sentence of every
documentation string for help text. Sources/ECRGuardCLI/ModelCLI/ parses arguments, sends requests and
prints answers from it, as the AWS CLI does from the same model.
"""
import argparse
import difflib
import filecmp
import html
import json
import os
import re
import shutil
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CODEGEN = os.path.join(ROOT, "Codegen")
SOURCES = os.path.join(ROOT, "Sources")
# Where each generated tree goes, relative to Sources/ (and to --output DIR).
CLIENT_TREE = os.path.join("ECRClient", "Generated")
CLI_TREE = os.path.join("ECRGuardCLI", "Generated")
SHAPES_PER_FILE = 80

SWIFT_KEYWORDS = {
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
    "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
    "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default",
    "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch",
    "where", "while", "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true",
    "try", "Type", "Protocol",
}
# Names the generated code uses unqualified; a shape with one of these names would shadow it.
RESERVED_TYPE_NAMES = {
    "String", "Int", "Bool", "Double", "Data", "Date", "Error", "Array", "Dictionary", "Optional", "Sendable",
    "Equatable", "JSONValue", "AWSTimestamp", "OrderedMap", "AWSClientError", "AWSDecodingError", "ErrorCode",
    "AWSXMLElement", "QueryParameters", "AWSPaginator", "AWSWaiter", "AWSPaginatorInfo", "Mirror",
}
# Members a shape may not be given as a Swift property (they would collide with protocol requirements).
RESERVED_MEMBER_NAMES = {"customMirror", "jsonValue", "hashValue", "debugDescription", "encodeQuery"}


class GenerationError(Exception):
    pass


def lower_camel(name):
    """'RoleName' -> 'roleName', 'ARN' -> 'arn', 'SAMLProviderList' -> 'samlProviderList'."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", name)
    upper = 0
    while upper < len(name) and name[upper].isupper():
        upper += 1
    if upper == 0:
        result = name
    elif upper == 1 or upper == len(name):
        result = name[:upper].lower() + name[upper:] if upper == len(name) else name[0].lower() + name[1:]
    elif name[upper].isalpha():
        result = name[:upper - 1].lower() + name[upper - 1:]
    else:
        result = name[:upper].lower() + name[upper:]
    if result[0].isdigit():
        result = "_" + result
    return result


def escape(identifier):
    return "`%s`" % identifier if identifier in SWIFT_KEYWORDS else identifier


def enum_case_name(value):
    """'IMMUTABLE_WITH_EXCLUSION' -> 'immutableWithExclusion', 'ap-south-1' -> 'apSouth1'."""
    tokens = [t for t in re.split(r"[^A-Za-z0-9]+", value) if t]
    if not tokens:
        return "_empty"
    words = []
    for index, token in enumerate(tokens):
        if token.upper() == token:
            word = token.lower()
        else:
            word = lower_camel(token) if index == 0 else token
        if index > 0:
            word = word[0].upper() + word[1:]
        words.append(word)
    result = "".join(words)
    if result[0].isdigit():
        result = "_" + result
    return result


def first_sentence(documentation):
    """The documentation's first sentence as plain text, for a one-line doc comment."""
    if not documentation:
        return ""
    text = re.sub(r"<[^>]+>", " ", documentation)
    text = html.unescape(text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r" ([.,;:!?)])", r"\1", text)  # "<code>FAILED</code>." reads "FAILED.", not "FAILED ."
    match = re.search(r"^(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    if len(sentence) > 300:
        sentence = sentence[:297].rstrip() + "..."
    return sentence


def doc_lines(documentation, indent, extra=None):
    lines = []
    sentence = first_sentence(documentation)
    if sentence:
        lines.append("%s/// %s" % (indent, sentence))
    if extra:
        lines.append("%s/// %s" % (indent, extra))
    return lines


def swift_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Service:
    def __init__(self, key, settings, directory):
        self.key = key
        self.settings = settings
        with open(os.path.join(directory, "service-2.json"), encoding="utf-8") as f:
            self.model = json.load(f)
        self.paginators = self._optional_json(directory, "paginators-1.json", "pagination")
        self.waiters = self._optional_json(directory, "waiters-2.json", "waiters")
        self.metadata = self.model["metadata"]
        self.protocol = self.metadata["protocol"]
        if self.protocol not in ("json", "query"):
            raise GenerationError("%s: protocol %s is not supported" % (key, self.protocol))
        self.swift_name = settings["swiftName"]
        self.shapes = self.model["shapes"]
        wanted = settings.get("operations", "*")
        all_operations = sorted(self.model["operations"])
        if wanted == "*":
            self.operation_names = all_operations
        else:
            missing = [name for name in wanted if name not in self.model["operations"]]
            if missing:
                raise GenerationError("%s: config names unknown operations %s" % (key, missing))
            self.operation_names = sorted(wanted)
        self.operations = [self.model["operations"][name] for name in self.operation_names]
        self.sensitive_members = set(settings.get("sensitiveMembers", []))
        self.policy_document_shapes = set(settings.get("policyDocumentShapes", []))
        self._classify()

    @staticmethod
    def _optional_json(directory, name, key):
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            return {}
        with open(path, encoding="utf-8") as f:
            return json.load(f)[key]

    def _walk(self, name, mark, seen):
        if (name, mark) in seen:
            return
        seen.add((name, mark))
        self.usage.setdefault(name, set()).add(mark)
        shape = self.shapes[name]
        kind = shape["type"]
        if kind == "structure":
            for member in shape.get("members", {}).values():
                self._walk(member["shape"], mark, seen)
        elif kind == "list":
            self._walk(shape["member"]["shape"], mark, seen)
        elif kind == "map":
            self._walk(shape["key"]["shape"], mark, seen)
            self._walk(shape["value"]["shape"], mark, seen)

    def _classify(self):
        """Marks every shape reachable from the generated operations as used in requests ("in"),
        answers ("out") or errors ("error")."""
        self.usage = {}
        self.error_shapes = set()
        seen = set()
        for operation in self.operations:
            if "input" in operation:
                self._walk(operation["input"]["shape"], "in", seen)
            if "output" in operation:
                self._walk(operation["output"]["shape"], "out", seen)
            for error in operation.get("errors", []):
                self.error_shapes.add(error["shape"])
                self._walk(error["shape"], "error", seen)
        for name in self.usage:
            shape = self.shapes[name]
            if self.protocol == "query":
                for key in ("flattened", "locationName", "xmlAttribute", "xmlNamespace"):
                    if key in shape or any(key in m for m in shape.get("members", {}).values()):
                        raise GenerationError("%s.%s uses %s, which the Query runtime does not read" % (self.key, name, key))
                for part in ("member", "key", "value"):
                    if "locationName" in shape.get(part, {}):
                        raise GenerationError("%s.%s names its %s element, which the Query runtime does not read" % (self.key, name, part))
            for member in shape.get("members", {}).values():
                if "location" in member or "locationName" in member or "jsonvalue" in member:
                    raise GenerationError("%s.%s: member locations are not supported" % (self.key, name))
            if name in RESERVED_TYPE_NAMES and self.is_named_type(name):
                raise GenerationError("%s: shape %s would shadow a type the generated code uses" % (self.key, name))

    def is_named_type(self, name):
        shape = self.shapes[name]
        return shape["type"] == "structure" or (shape["type"] == "string" and "enum" in shape)

    def swift_type(self, name):
        shape = self.shapes[name]
        kind = shape["type"]
        if kind == "structure":
            return name
        if kind == "string":
            return name if "enum" in shape else "String"
        if kind in ("integer", "long"):
            return "Int"
        if kind == "boolean":
            return "Bool"
        if kind in ("double", "float"):
            return "Double"
        if kind == "timestamp":
            return "AWSTimestamp"
        if kind == "blob":
            return "Data"
        if kind == "list":
            return "[%s]" % self.swift_type(shape["member"]["shape"])
        if kind == "map":
            return "OrderedMap<%s>" % self.swift_type(shape["value"]["shape"])
        raise GenerationError("%s: shape %s has unsupported type %s" % (self.key, name, kind))

    def members(self, name):
        """(wire name, swift name, shape name, required, sensitive, documentation) in model order."""
        shape = self.shapes[name]
        required = set(shape.get("required", []))
        result = []
        swift_names = set()
        for wire, member in shape.get("members", {}).items():
            swift = lower_camel(wire)
            if swift in swift_names or swift in RESERVED_MEMBER_NAMES:
                raise GenerationError("%s.%s: member %s maps to a Swift name already used (%s)" % (self.key, name, wire, swift))
            swift_names.add(swift)
            sensitive = (bool(member.get("sensitive")) or bool(self.shapes[member["shape"]].get("sensitive"))
                         or "%s.%s" % (name, wire) in self.sensitive_members)
            result.append((wire, swift, member["shape"], wire in required, sensitive, member.get("documentation", "")))
        return result

    def only_in_requests(self, name):
        return self.usage.get(name) == {"in"}

    def error_code(self, name):
        return self.shapes[name].get("error", {}).get("code", name)


# ----------------------------------------------------------------------------------------------
# Shapes


def generate_enum(service, name):
    shape = service.shapes[name]
    lines = doc_lines(shape.get("documentation"), "    ")
    lines.append("    public struct %s: AWSStringEnum {" % name)
    lines.append("        public var rawValue: String")
    lines.append("        public init(rawValue: String) { self.rawValue = rawValue }")
    used = set()
    cases = []
    for value in shape["enum"]:
        case = enum_case_name(value)
        while case in used or case in ("rawValue", "allKnown", "init", "description"):
            case += "_"
        used.add(case)
        cases.append(case)
        lines.append("        public static let %s = Self(rawValue: %s)" % (escape(case), swift_string(value)))
    lines.append("        /// The values the model lists, in its order.")
    lines.append("        public static let allKnown: [Self] = [%s]" % ", ".join(escape(c) for c in cases))
    lines.append("    }")
    return lines


def generate_structure(service, name):
    shape = service.shapes[name]
    usage = service.usage.get(name, set())
    members = service.members(name)
    request_only = service.only_in_requests(name)
    lines = doc_lines(shape.get("documentation"), "    ")
    lines.append("    public struct %s: AWSShape {" % name)
    params = []
    for wire, swift, member_shape, required, sensitive, documentation in members:
        swift_type = service.swift_type(member_shape)
        optional = not (required and request_only)
        note = "Required by the model." if required and not request_only else None
        if sensitive:
            note = ((note + " ") if note else "") + "Sensitive: hidden from this value's description."
        lines.extend(doc_lines(documentation, "        ", note))
        lines.append("        public var %s: %s%s" % (escape(swift), swift_type, "?" if optional else ""))
        params.append((swift, swift_type, optional))
    ordered = [p for p in params if not p[2]] + [p for p in params if p[2]]
    signature = ", ".join("%s: %s%s" % (s, t, "? = nil" if o else "") for s, t, o in ordered)
    if params:
        lines.append("")
        lines.append("        public init(%s) {" % signature)
        for swift, _, _ in params:
            lines.append("            self.%s = %s" % (swift, escape(swift)))
        lines.append("        }")
    else:
        lines.append("        public init() {}")

    # Printing, and the JSON protocol's request body: the model's member order.
    lines.append("")
    lines.append("        public func jsonValue() -> JSONValue {")
    if params:
        lines.append("            var members: [(String, JSONValue)] = []")
        for (wire, swift, member_shape, _, _, _), (_, _, optional) in zip(members, params):
            # IAM policy documents print as botocore's json_decode_policies leaves them (config.json).
            printed = "AWSPolicyDocument.printed(%s)" if member_shape in service.policy_document_shapes else "%s.jsonValue()"
            if optional:
                lines.append("            if let value = self.%s { members.append((%s, %s)) }" % (swift, swift_string(wire), printed % "value"))
            else:
                lines.append("            members.append((%s, %s))" % (swift_string(wire), printed % ("self." + swift)))
        lines.append("            return .object(members)")
    else:
        lines.append("            .object([])")
    lines.append("        }")

    decodes = usage & {"out", "error"}
    if decodes and service.protocol == "json":
        lines.append("")
        lines.append("        public init(json: JSONValue) throws(AWSDecodingError) {")
        if params:
            lines.append("            let object = try JSONObjectReader(json)")
            for (wire, swift, _, _, _, _), (_, _, optional) in zip(members, params):
                lines.append("            self.%s = try object.%s(%s)" % (swift, "optional" if optional else "required", swift_string(wire)))
        else:
            lines.append("            _ = try JSONObjectReader(json)")
        lines.append("        }")
    if decodes and service.protocol == "query":
        lines.append("")
        lines.append("        public init(xml: AWSXMLElement) throws(AWSDecodingError) {")
        for (wire, swift, _, _, _, _), (_, _, optional) in zip(members, params):
            lines.append("            self.%s = try xml.%s(%s)" % (swift, "optional" if optional else "required", swift_string(wire)))
        lines.append("        }")
    if "in" in usage and service.protocol == "query":
        lines.append("")
        lines.append("        public func encodeQuery(into parameters: inout QueryParameters, prefix: String) {")
        if params:
            lines.append("            let prefix = prefix.isEmpty ? \"\" : prefix + \".\"")
        for (wire, swift, _, _, _, _), (_, _, optional) in zip(members, params):
            key = "prefix + %s" % swift_string(wire)
            if optional:
                lines.append("            if let value = self.%s { value.encodeQuery(into: &parameters, prefix: %s) }" % (swift, key))
            else:
                lines.append("            self.%s.encodeQuery(into: &parameters, prefix: %s)" % (swift, key))
        if not params:
            lines.append("            _ = prefix")
        lines.append("        }")
    lines.append("    }")

    protocols = []
    if decodes:
        protocols.append("JSONShapeDecodable" if service.protocol == "json" else "XMLShapeDecodable")
    if "in" in usage and service.protocol == "query":
        protocols.append("QueryShapeEncodable")
    extension = ["extension %s.%s: %s {}" % (service.swift_name, name, ", ".join(protocols))] if protocols else []

    sensitive = [(swift, s) for (_, swift, _, _, s, _) in members]
    if any(s for _, s in sensitive):
        if any(swift == "description" for swift, _ in sensitive):
            raise GenerationError("%s.%s: a shape with sensitive members cannot have a 'description' member" % (service.key, name))
        shown = ", ".join("%s: \\(String(describing: self.%s))" % (swift, swift) if not s else "%s: <redacted>" % swift
                          for swift, s in sensitive)
        extension += [
            "",
            "/// Prints the members with the sensitive ones replaced by `<redacted>`.",
            "extension %s.%s: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {" % (service.swift_name, name),
            "    public var description: String { \"%s(%s)\" }" % (name, shown),
            "    public var debugDescription: String { description }",
            "    public var customMirror: Mirror { Mirror(self, children: [(label: String?, value: Any)]()) }",
            "}",
        ]
    return lines, extension


def header(service):
    return [
        "// Generated by scripts/codegen.py from botocore %s %s %s (Codegen/models/%s). Do not edit." % (
            service.settings["botocoreVersion"], service.key, service.metadata["apiVersion"], service.key),
        "import Foundation",
        "",
    ]


def generate_shape_files(service):
    names = sorted(n for n in service.usage if service.is_named_type(n))
    files = {}
    chunks = [names[i:i + SHAPES_PER_FILE] for i in range(0, len(names), SHAPES_PER_FILE)]
    for index, chunk in enumerate(chunks, start=1):
        lines = header(service)
        extensions = []
        lines.append("extension %s {" % service.swift_name)
        for position, name in enumerate(chunk):
            if position:
                lines.append("")
            shape = service.shapes[name]
            if shape["type"] == "string":
                lines.extend(generate_enum(service, name))
            else:
                body, extension = generate_structure(service, name)
                lines.extend(body)
                if extension:
                    extensions.append("")
                    extensions.extend(extension)
        lines.append("}")
        lines.extend(extensions)
        files["%sShapes%d.swift" % (service.swift_name, index)] = "\n".join(lines) + "\n"
    return files


# ----------------------------------------------------------------------------------------------
# Client: operations, errors, paginators, waiters


def input_defaults_to_empty(service, operation):
    name = operation["input"]["shape"]
    return not any(required for (_, _, _, required, _, _) in service.members(name))


def generate_client(service):
    meta = service.metadata
    settings = service.settings
    lines = header(service)
    lines.append("/// %s (%s protocol, signing name `%s`). Methods are generated from the model; each sends one" % (
        meta.get("serviceFullName"), "JSON 1.1" if service.protocol == "json" else "Query/XML",
        meta.get("signingName", meta["endpointPrefix"])))
    lines.append("/// request through the shared executor (signing, retries, endpoint) and decodes the answer.")
    lines.append("public struct %s: Sendable {" % service.swift_name)
    if service.protocol == "json":
        lines.append("    public let client: AWSJSONClient")
        lines.append("")
        lines.append("    public static let targetPrefix = %s" % swift_string(meta["targetPrefix"]))
        lines.append("    public static let signingName = %s" % swift_string(meta.get("signingName", meta["endpointPrefix"])))
        lines.append("")
        lines.append("    public init(executor: AWSRequestExecutor, endpoint: URL, region: String) {")
        lines.append("        client = AWSJSONClient(executor: executor, endpoint: endpoint, signingName: Self.signingName,")
        lines.append("                               signingRegion: region, targetPrefix: Self.targetPrefix, jsonVersion: %s)" % swift_string(meta["jsonVersion"]))
        lines.append("    }")
    else:
        lines.append("    public let client: AWSQueryClient")
        lines.append("")
        lines.append("    public static let apiVersion = %s" % swift_string(meta["apiVersion"]))
        lines.append("    public static let signingName = %s" % swift_string(meta.get("signingName", meta["endpointPrefix"])))
        lines.append("")
        lines.append("    public init(executor: AWSRequestExecutor, endpoint: URL, region: String) {")
        lines.append("        client = AWSQueryClient(executor: executor, endpoint: endpoint, signingName: Self.signingName,")
        lines.append("                                signingRegion: region, apiVersion: Self.apiVersion)")
        lines.append("    }")
    for operation in service.operations:
        name = operation["name"]
        method = lower_camel(name)
        lines.append("")
        lines.extend(doc_lines(operation.get("documentation"), "    "))
        has_input = "input" in operation
        has_output = "output" in operation
        input_type = operation["input"]["shape"] if has_input else None
        output_type = operation["output"]["shape"] if has_output else None
        if has_input:
            default = " = .init()" if input_defaults_to_empty(service, operation) else ""
            parameter = "_ input: %s%s" % (input_type, default)
            argument = "input"
        else:
            parameter = ""
            argument = "EmptyShape()"
        returns = " -> %s" % output_type if has_output else ""
        if has_output and not name.startswith(("Get", "List", "Describe", "BatchGet")):
            lines.append("    @discardableResult")
        lines.append("    public func %s(%s) throws(AWSClientError)%s {" % (escape(method), parameter, returns))
        if service.protocol == "json":
            if operation.get("authtype") == "none" or "smithy.api#noAuth" in operation.get("auth", []):
                raise GenerationError("%s: unsigned JSON operations are not supported (%s)" % (service.key, name))
            call = "client.send(%s, %s)" % (swift_string(name), argument)
        else:
            wrapper = operation.get("output", {}).get("resultWrapper")
            unsigned = operation.get("authtype") == "none" or "smithy.api#noAuth" in operation.get("auth", [])
            call = "client.send(%s, %s%s%s)" % (swift_string(name), argument, ", resultWrapper: %s" % swift_string(wrapper) if wrapper else "",
                                                ", signed: false" if unsigned else "")
        if has_output:
            lines.append("        try %s" % call)
        else:
            lines.append("        let _: EmptyShape = try %s" % call)
        lines.append("    }")
    lines.append("}")

    # typealiases where the model names an operation's shapes otherwise
    aliases = []
    for operation in service.operations:
        for part, suffix in (("input", "Request"), ("output", "Response")):
            if part in operation and operation[part]["shape"] != operation["name"] + suffix:
                alias = operation["name"] + suffix
                if alias in service.shapes:
                    raise GenerationError("%s: alias %s would shadow a shape" % (service.key, alias))
                aliases.append("    public typealias %s = %s" % (alias, operation[part]["shape"]))
    if aliases:
        lines.append("")
        lines.append("extension %s {" % service.swift_name)
        lines.append("    // The model names these operations' shapes otherwise; `<Operation>Request`/`Response` always work.")
        lines.extend(aliases)
        lines.append("}")

    if service.protocol == "json":
        lines.extend(generate_invoke(service))
    lines.extend(generate_errors(service))
    lines.extend(generate_paginators(service))
    lines.extend(generate_waiters(service))
    return "\n".join(lines) + "\n"


def generate_invoke(service):
    """By-name dispatch for command lines that build the request JSON themselves."""
    lines = ["", "extension %s {" % service.swift_name,
             "    /// Sends `operation` with a JSON body as given (built from a command line) and returns the answer",
             "    /// read into the operation's output shape and written back: the model's member order, values as",
             "    /// sent, members the model does not name dropped, as the AWS CLI prints it. An operation without",
             "    /// output answers `{}`.",
             "    public func invoke(_ operation: String, body: JSONValue) throws(AWSClientError) -> JSONValue {",
             "        switch operation {"]
    for operation in service.operations:
        name = operation["name"]
        if "output" in operation:
            lines.append("        case %s: return (try client.send(operation, body) as %s).jsonValue()" % (swift_string(name), operation["output"]["shape"]))
        else:
            lines.append("        case %s: return (try client.send(operation, body) as EmptyShape).jsonValue()" % swift_string(name))
    lines.append("        default: throw .configuration(\"%s has no operation named '\\(operation)'\")" % service.swift_name)
    lines.append("        }")
    lines.append("    }")
    lines.append("}")
    return lines


def generate_errors(service):
    errors = sorted(service.error_shapes)
    codes = [service.error_code(name) for name in errors]
    if len(set(codes)) != len(codes):
        raise GenerationError("%s: two error shapes share a code" % service.key)
    lines = ["", "extension %s {" % service.swift_name,
             "    /// The error codes the model names for the generated operations (`AWSServiceError.code`).",
             "    public struct ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {",
             "        public var rawValue: String",
             "        public init(rawValue: String) { self.rawValue = rawValue }",
             "        public var description: String { rawValue }"]
    for name in errors:
        lines.append("        public static let %s = Self(rawValue: %s)" % (escape(lower_camel(name)), swift_string(service.error_code(name))))
    lines.append("    }")
    lines.append("")
    lines.append("    /// An error answer of %s: one the model names, with its message, or any other code the service sent." % service.swift_name)
    lines.append("    public enum ServiceError: Error, Sendable, Equatable, CustomStringConvertible {")
    for name in errors:
        lines.extend(doc_lines(service.shapes[name].get("documentation"), "        "))
        lines.append("        case %s(message: String)" % escape(lower_camel(name)))
    lines.append("        /// A code the model does not name for these operations.")
    lines.append("        case unknown(code: String, message: String)")
    lines.append("")
    lines.append("        /// The service's answer inside `error`; nil when the call ended before or without one.")
    lines.append("        public init?(_ error: AWSClientError) {")
    lines.append("            guard case .service(let service) = error else { return nil }")
    lines.append("            self.init(code: service.code, message: service.message)")
    lines.append("        }")
    lines.append("")
    lines.append("        public init(code: String, message: String) {")
    lines.append("            switch code {")
    for name in errors:
        lines.append("            case %s: self = .%s(message: message)" % (swift_string(service.error_code(name)), escape(lower_camel(name))))
    lines.append("            default: self = .unknown(code: code, message: message)")
    lines.append("            }")
    lines.append("        }")
    lines.append("")
    lines.append("        /// The code as the service sends it.")
    lines.append("        public var code: String {")
    lines.append("            switch self {")
    for name in errors:
        lines.append("            case .%s: %s" % (escape(lower_camel(name)), swift_string(service.error_code(name))))
    lines.append("            case .unknown(let code, _): code")
    lines.append("            }")
    lines.append("        }")
    lines.append("")
    lines.append("        public var message: String {")
    lines.append("            switch self {")
    lines.append("            case %s: message" % ", ".join(".%s(let message)" % escape(lower_camel(n)) for n in errors) if errors else "")
    lines.append("            case .unknown(_, let message): message")
    lines.append("            }")
    lines.append("        }")
    lines.append("")
    lines.append("        public var description: String { \"An error occurred (\\(code)): \\(message)\" }")
    lines.append("    }")
    lines.append("}")
    return lines


def generate_paginators(service):
    entries = []
    for operation in service.operations:
        name = operation["name"]
        paginator = service.paginators.get(name)
        if not paginator:
            continue
        input_token, output_token = paginator["input_token"], paginator["output_token"]
        if not isinstance(input_token, str) or not isinstance(output_token, str) or "." in output_token:
            continue  # several tokens or a nested one: none among the generated operations today
        result_keys = paginator.get("result_key", [])
        if isinstance(result_keys, str):
            result_keys = [result_keys]
        entries.append((operation, paginator, input_token, output_token, result_keys))
    if not entries:
        return []
    lines = ["", "extension %s {" % service.swift_name,
             "    /// paginators-1.json: how each paged operation is followed and which members hold its items.",
             "    public static let paginators: [String: AWSPaginatorInfo] = ["]
    for operation, paginator, input_token, output_token, result_keys in entries:
        more = paginator.get("more_results")
        limit = paginator.get("limit_key")
        lines.append("        %s: AWSPaginatorInfo(inputToken: %s, outputToken: %s, limitKey: %s, moreResults: %s, resultKeys: [%s])," % (
            swift_string(operation["name"]), swift_string(input_token), swift_string(output_token),
            swift_string(limit) if limit else "nil", swift_string(more) if more else "nil",
            ", ".join(swift_string(k) for k in result_keys)))
    lines.append("    ]")
    for operation, paginator, input_token, output_token, result_keys in entries:
        name = operation["name"]
        input_type = operation["input"]["shape"]
        output_type = operation["output"]["shape"]
        members_in = {wire: swift for (wire, swift, _, _, _, _) in service.members(input_type)}
        members_out = {wire: swift for (wire, swift, _, _, _, _) in service.members(output_type)}
        more = paginator.get("more_results")
        default = " = .init()" if input_defaults_to_empty(service, operation) else ""
        lines.append("")
        lines.append("    /// Every page of %s, following `%s`." % (name, output_token))
        lines.append("    public func %sPaginator(_ input: %s%s) -> AWSPaginator<%s, %s> {" % (
            lower_camel(name), input_type, default, input_type, output_type))
        lines.append("        AWSPaginator(operation: %s, input: input, inputToken: \\.%s, outputToken: \\.%s, moreResults: %s) { (request: %s) throws(AWSClientError) in" % (
            swift_string(name), members_in[input_token], members_out[output_token],
            "\\.%s" % members_out[more] if more else "nil", input_type))
        lines.append("            try self.%s(request)" % lower_camel(name))
        lines.append("        }")
        lines.append("    }")
    lines.append("}")
    return lines


def swift_json_literal(value):
    if isinstance(value, bool):
        return ".bool(%s)" % ("true" if value else "false")
    if isinstance(value, int):
        return ".int(%d)" % value
    if isinstance(value, float):
        return ".number(%s)" % swift_string(repr(value))
    if isinstance(value, str):
        return ".string(%s)" % swift_string(value)
    raise GenerationError("unsupported waiter expectation %r" % (value,))


def generate_waiters(service):
    names = {op["name"] for op in service.operations}
    waiters = [(n, w) for n, w in sorted(service.waiters.items()) if w["operation"] in names]
    if not waiters:
        return []
    lines = ["", "extension %s {" % service.swift_name]
    for waiter_name, waiter in waiters:
        operation = service.model["operations"][waiter["operation"]]
        input_type = operation["input"]["shape"]
        output_type = operation["output"]["shape"]
        acceptors = []
        for acceptor in waiter["acceptors"]:
            matcher = acceptor["matcher"]
            if matcher in ("path", "pathAll", "pathAny"):
                kind = ".%s(%s)" % (matcher, swift_string(acceptor["argument"]))
            elif matcher == "status":
                kind = ".status"
            elif matcher == "error":
                kind = ".error"
            else:
                raise GenerationError("%s: waiter %s uses matcher %s" % (service.key, waiter_name, matcher))
            acceptors.append("            AWSWaiter<%s, %s>.Acceptor(state: .%s, matcher: %s, expected: %s)," % (
                input_type, output_type, acceptor["state"], kind, swift_json_literal(acceptor["expected"])))
        lines.append("")
        lines.extend(doc_lines(waiter.get("description", ""), "    "))
        lines.append("    /// Polls %s every %d s, at most %d times (waiters-2.json)." % (waiter["operation"], waiter["delay"], waiter["maxAttempts"]))
        lines.append("    public func %sWaiter() -> AWSWaiter<%s, %s> {" % (lower_camel(waiter_name), input_type, output_type))
        lines.append("        AWSWaiter(name: %s, operation: %s, delay: %d, maxAttempts: %d, acceptors: [" % (
            swift_string(waiter_name), swift_string(waiter["operation"]), waiter["delay"], waiter["maxAttempts"]))
        lines.extend(acceptors)
        lines.append("        ], sleep: client.executor.sleep) { (request: %s) throws(AWSClientError) in" % input_type)
        lines.append("            try self.%s(request)" % lower_camel(waiter["operation"]))
        lines.append("        }")
        lines.append("    }")
        lines.append("")
        lines.append("    /// Waits until %s succeeds (or throws when it fails or times out)." % waiter_name)
        lines.append("    public func waitUntil%s(_ input: %s) throws(AWSWaiterError) {" % (waiter_name, input_type))
        lines.append("        try %sWaiter().wait(input)" % lower_camel(waiter_name))
        lines.append("    }")
    lines.append("}")
    return lines


# ----------------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------------
# The command-line model (Sources/ECRGuardCLI/Generated/<Service>CLIModel.swift)


def kebab(name):
    """The AWS CLI's names: botocore's xform_name with '-' (`PutLifecyclePolicy` -> `put-lifecycle-policy`)."""
    s1 = re.sub(r"(.)([A-Z][a-z]+)", r"\1-\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", s1).lower()


def cli_shape_line(name, shape):
    kind = shape["type"]
    if kind == "string":
        values = ", ".join(swift_string(v) for v in shape.get("enum", []))
        body = ".string(enumValues: [%s])" % values
    elif kind in ("integer", "long"):
        body = ".integer"
    elif kind in ("double", "float"):
        body = ".double"
    elif kind == "boolean":
        body = ".boolean"
    elif kind == "timestamp":
        body = ".timestamp"
    elif kind == "blob":
        body = ".blob"
    elif kind == "list":
        body = ".list(member: %s)" % swift_string(shape["member"]["shape"])
    elif kind == "map":
        body = ".map(key: %s, value: %s)" % (swift_string(shape["key"]["shape"]), swift_string(shape["value"]["shape"]))
    elif kind == "structure":
        members = ", ".join(
            "CLIMember(%s, %s, %s)" % (swift_string(m), swift_string(spec["shape"]), swift_string(first_sentence(spec.get("documentation"))))
            for m, spec in shape["members"].items())
        required = ", ".join(swift_string(r) for r in shape.get("required", []))
        body = ".structure(members: [%s], required: [%s])" % (members, required)
    else:
        raise GenerationError("unknown shape type %s (%s)" % (kind, name))
    return "        (%s, %s)," % (swift_string(name), body)


def cli_reachable(shapes, roots):
    seen, stack = set(), list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        if shape["type"] == "structure":
            stack.extend(m["shape"] for m in shape["members"].values())
        elif shape["type"] == "list":
            stack.append(shape["member"]["shape"])
        elif shape["type"] == "map":
            stack.extend([shape["key"]["shape"], shape["value"]["shape"]])
    return seen


def generate_cli_model(service):
    """`extension CLIModel { static let <key> = ... }`: the service as the AWS CLI sees it."""
    prefix = lower_camel(service.swift_name)
    roots = []
    for op in service.operations:
        for key in ("input", "output"):
            if key in op:
                roots.append(op[key]["shape"])
    out = [header(service)[0], ""]
    out.append("extension CLIModel {")
    out.append("    /// %s as the AWS CLI sees it: operations, shapes, paginators and waiters." % service.metadata.get("serviceFullName", service.swift_name))
    out.append("    static let %s = CLIModel(" % prefix)
    out.append("        targetPrefix: %s," % swift_string(service.metadata["targetPrefix"]))
    out.append("        operations: %sOperations, shapes: %sShapes, waiters: %sWaiters)" % (prefix, prefix, prefix))
    out.append("")
    out.append("    static let %sOperations: [CLIOperation] = [" % prefix)
    for name, op in zip(service.operation_names, service.operations):
        page = service.paginators.get(name)
        if page:
            result_keys = page["result_key"] if isinstance(page["result_key"], list) else [page["result_key"]]
            keys = ", ".join(swift_string(k) for k in result_keys)
            non_aggregate = ", ".join(swift_string(k) for k in page.get("non_aggregate_keys", []))
            paginator = ("CLIPaginator(inputToken: %s, outputToken: %s, limitKey: %s, resultKeys: [%s], nonAggregateKeys: [%s])"
                         % (swift_string(page["input_token"]), swift_string(page["output_token"]), swift_string(page["limit_key"]), keys, non_aggregate))
        else:
            paginator = "nil"
        input_shape = swift_string(op["input"]["shape"]) if "input" in op else "nil"
        output_shape = swift_string(op["output"]["shape"]) if "output" in op else "nil"
        out.append("        CLIOperation(name: %s, cliName: %s, input: %s, output: %s, documentation: %s, paginator: %s),"
                   % (swift_string(name), swift_string(kebab(name)), input_shape, output_shape,
                      swift_string(first_sentence(op.get("documentation"))), paginator))
    out.append("    ]")
    out.append("")
    out.append("    static let %sShapes: [(String, CLIShape)] = [" % prefix)
    for name in sorted(cli_reachable(service.shapes, roots)):
        out.append(cli_shape_line(name, service.shapes[name]))
    out.append("    ]")
    out.append("")
    out.append("    static let %sWaiters: [CLIWaiter] = [" % prefix)
    for name in sorted(service.waiters):
        w = service.waiters[name]
        if any(a["matcher"] != "path" for a in w["acceptors"]):
            raise GenerationError("waiter %s: only path matchers are supported" % name)
        acceptors = ", ".join(
            "CLIWaiter.Acceptor(state: %s, argument: %s, expected: %s)" % (swift_string(a["state"]), swift_string(a["argument"]), swift_string(a["expected"]))
            for a in w["acceptors"])
        out.append("        CLIWaiter(name: %s, cliName: %s, operation: %s, delay: %d, maxAttempts: %d, description: %s, acceptors: [%s]),"
                   % (swift_string(name), swift_string(kebab(name)), swift_string(w["operation"]), w["delay"], w["maxAttempts"],
                      swift_string(w.get("description", "")), acceptors))
    out.append("    ]")
    out.append("}")
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------------------------


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def generate(output):
    """Writes both generated trees under `output` (Sources/ or a temporary directory)."""
    with open(os.path.join(CODEGEN, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    for tree in (CLIENT_TREE, CLI_TREE):
        if os.path.isdir(os.path.join(output, tree)):
            shutil.rmtree(os.path.join(output, tree))
    for key, settings in sorted(config["services"].items()):
        settings = dict(settings, botocoreVersion=config["botocoreVersion"])
        service = Service(key, settings, os.path.join(CODEGEN, "models", key))
        files = generate_shape_files(service)
        files["%sOperations.swift" % service.swift_name] = generate_client(service)
        for name, text in sorted(files.items()):
            write(os.path.join(output, CLIENT_TREE, service.swift_name, name), text)
        if settings.get("cliModel"):
            write(os.path.join(output, CLI_TREE, "%sCLIModel.swift" % service.swift_name), generate_cli_model(service))


def compare(expected, actual):
    """Lines of a unified diff between two trees (empty when equal)."""
    differences = []
    names = set()
    for base in (expected, actual):
        for directory, _, files in os.walk(base):
            for name in files:
                names.add(os.path.relpath(os.path.join(directory, name), base))
    for name in sorted(names):
        a, b = os.path.join(expected, name), os.path.join(actual, name)
        if os.path.exists(a) and os.path.exists(b) and filecmp.cmp(a, b, shallow=False):
            continue
        old = open(a, encoding="utf-8").read().splitlines(True) if os.path.exists(a) else []
        new = open(b, encoding="utf-8").read().splitlines(True) if os.path.exists(b) else []
        differences.extend(difflib.unified_diff(old, new, "committed/" + name, "generated/" + name))
    return differences


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="regenerate into a temporary directory and diff with the committed files")
    parser.add_argument("--output", help="write the generated trees under this directory (ECRClient/Generated, ECRGuardCLI/Generated) instead of Sources/")
    arguments = parser.parse_args()
    try:
        if arguments.check:
            with tempfile.TemporaryDirectory() as temporary:
                generate(temporary)
                differences = []
                for tree in (CLIENT_TREE, CLI_TREE):
                    differences += compare(os.path.join(SOURCES, tree), os.path.join(temporary, tree))
            if differences:
                sys.stdout.writelines(differences[:200])
                print("\nscripts/codegen.py --check: Sources/ECRClient/Generated or Sources/ECRGuardCLI/Generated is not current; run scripts/codegen.py", file=sys.stderr)
                return 1
            print("scripts/codegen.py --check: generated code is current")
            return 0
        generate(arguments.output or SOURCES)
    except GenerationError as error:
        print("scripts/codegen.py: %s" % error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
