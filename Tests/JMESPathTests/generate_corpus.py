#!/usr/bin/env python3
"""Writes a deterministic corpus of (expression, document) pairs with the answers of Python's
jmespath package (the library the AWS CLI uses for --query), one JSON object per line:

    {"expression": ..., "document": ..., "result": ...}        or
    {"expression": ..., "document": ..., "error": "syntax" | "invalid-type" | ...}

Usage: python3 generate_corpus.py --seed N --count 10000 [--out FILE]

Expressions are generated from the JMESPath grammar (every production and every built-in
function, with right and wrong argument types and counts), plus mutated copies that are usually
syntax errors; documents are random JSON over a small vocabulary of keys so that expressions find
something, plus DescribeRepositories-like answers. Two kinds of case are replaced by new ones, the
two documented differences (docs/jmespath.md): an expression reference used other than as a
function argument, and an answer holding an integer beyond 64 bits. Tests/JMESPathTests/
DifferentialTests.swift runs this script and compares every answer with the Swift module's.
"""
import argparse
import json
import random
import sys

import jmespath
from jmespath import exceptions

KEYS = ["a", "b", "c", "foo", "bar", "baz", "name", "tags", "items", "repositories", "with space", "ü", "A_1", "_x"]
STRINGS = ["", "a", "b", "abc", "foo", "bar", "Foo", "émpire", "e\u0301mpire", "ü", "😀", "12", "-3", " 4.5 ",
           "1_000", "1e3", "inf", "-Infinity", "nan", ".5", "5.", "0x10", "١٢", "a,b", "quote\"d", "back\\slash",
           "line\nbreak", "tab\t", "emp", "empire/service", "IMMUTABLE", "MUTABLE", "true", "null"]
FLOATS = [0.5, 1.5, -2.25, 0.1, 1e16, 1.5e-7, 1e-05, 123456789.125, -0.0, 2.0, 3.0, 1e300]
FUNCTIONS = {
    # name: list of argument "kinds" for a well-typed call
    "abs": ["number"], "avg": ["array-number"], "ceil": ["number"], "floor": ["number"],
    "contains": ["array|string", "any"], "ends_with": ["string", "string"], "starts_with": ["string", "string"],
    "join": ["string", "array-string"], "keys": ["object"], "values": ["object"],
    "length": ["string|array|object"], "map": ["expref", "array"], "max": ["array-number|array-string"],
    "min": ["array-number|array-string"], "max_by": ["array", "expref"], "min_by": ["array", "expref"],
    "merge": ["object", "object*"], "not_null": ["any", "any*"], "reverse": ["array|string"],
    "sort": ["array-number|array-string"], "sort_by": ["array", "expref"], "sum": ["array-number"],
    "to_array": ["any"], "to_string": ["any"], "to_number": ["any"], "type": ["any"],
}
ERROR_KINDS = [
    (exceptions.ArityError, "invalid-arity"),
    (exceptions.UnknownFunctionError, "unknown-function"),
    (exceptions.JMESPathTypeError, "invalid-type"),
    (exceptions.ParseError, "syntax"),  # LexerError and IncompleteExpressionError are ParseErrors
    (exceptions.EmptyExpressionError, "syntax"),
]


class Generator:
    def __init__(self, rng):
        self.r = rng

    # Documents

    def scalar(self):
        pick = self.r.random()
        if pick < 0.3:
            return self.r.randint(-5, 20)
        if pick < 0.42:
            return self.r.choice(FLOATS)
        if pick < 0.8:
            return self.r.choice(STRINGS)
        if pick < 0.92:
            return self.r.choice([True, False])
        return None

    def document(self, depth=0):
        pick = self.r.random()
        if depth >= 4 or pick < 0.25:
            return self.scalar()
        if pick < 0.55:
            return [self.document(depth + 1) for _ in range(self.r.randint(0, 5))]
        if pick < 0.62:
            return [self.r.randint(-5, 20) if self.r.random() < 0.7 else self.r.choice(FLOATS) for _ in range(self.r.randint(0, 6))]
        if pick < 0.68:
            return [self.r.choice(STRINGS) for _ in range(self.r.randint(0, 6))]
        if pick < 0.75:
            return [{k: self.scalar() for k in self.r.sample(KEYS[:6], self.r.randint(1, 3))} for _ in range(self.r.randint(0, 5))]
        keys = self.r.sample(KEYS[:6], self.r.randint(1, 4)) + self.r.sample(KEYS[6:], self.r.randint(0, 2))
        if self.r.random() < 0.1:
            keys = []
        return {k: self.document(depth + 1) for k in keys}

    def repositories(self):
        repos = []
        for i in range(self.r.randint(0, 6)):
            name = self.r.choice(["empire/", "team/", ""]) + "svc-%d" % i
            repos.append({
                "repositoryName": name,
                "repositoryUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/" + name,
                "createdAt": 1700000000 + self.r.choice([0, 1.5, 37.25, 100]) * i,
                "imageTagMutability": self.r.choice(["MUTABLE", "IMMUTABLE"]),
                "imageScanningConfiguration": {"scanOnPush": self.r.choice([True, False])},
                "tags": [{"Key": k, "Value": self.r.choice(STRINGS)} for k in self.r.sample(["team", "env", "owner"], self.r.randint(0, 2))],
            })
        return {"repositories": repos}

    # Expressions

    def identifier(self):
        pool = KEYS[:6] if self.r.random() < 0.7 else KEYS + ["repositoryName", "imageTagMutability", "Key", "Value"]
        key = self.r.choice(pool)
        if key.replace("_", "a").isalnum() and key.isascii() and not key[0].isdigit() and self.r.random() < 0.85:
            return key
        return self.r.choice([json.dumps(key), json.dumps(key, ensure_ascii=False)])

    def literal(self):
        pick = self.r.random()
        if pick < 0.45:
            value = self.document(2)
            text = json.dumps(value, ensure_ascii=self.r.random() < 0.5).replace("`", "\\`")
            return "`%s`" % (" " + text if self.r.random() < 0.1 else text)
        if pick < 0.85:
            s = self.r.choice(STRINGS + ["it's", "a\\'b", "x\\\\y"])
            if "'" in s and "\\'" not in s:
                s = s.replace("'", "\\'")
            return "'%s'" % s
        return "`%s`" % self.r.choice(["foo", " bar", "with space", "1", "[1, 2]", '"q"', "tru", "{\"a\": 1}"])

    def number(self):
        return str(self.r.choice([0, 1, 2, 3, -1, -2, -3, 5, 10, -10]))

    def slice(self):
        parts = [self.r.choice(["", self.number()]) for _ in range(2)]
        text = ":".join(parts)
        if self.r.random() < 0.5:
            text += ":" + self.r.choice(["", "1", "2", "-1", "-2", "3", "0" if self.r.random() < 0.1 else "1"])
        return "[%s]" % text

    def function_call(self, depth):
        name = self.r.choice(list(FUNCTIONS))
        kinds = FUNCTIONS[name]
        args = []
        for kind in kinds:
            if kind.endswith("*"):
                for _ in range(self.r.randint(0, 2)):
                    args.append(self.argument(kind[:-1], depth))
            else:
                args.append(self.argument(kind, depth))
        pick = self.r.random()
        if pick < 0.05 and args:
            args.pop()
        elif pick < 0.09:
            args.append(self.expression(depth + 1))
        elif pick < 0.11:
            name = self.r.choice(["nope", "length2", "Sort", "to_str"])
        return "%s(%s)" % (name, ", ".join(args))

    def argument(self, kind, depth):
        if self.r.random() < 0.25:
            return self.expression(depth + 1)  # any type: often a type error
        first = kind.split("|")[self.r.randrange(len(kind.split("|")))]
        if first == "expref":
            return "&" + self.r.choice([self.identifier(), "@", self.expression(depth + 1), "length(@)", "to_string(@)"])
        if first == "number":
            return self.r.choice([self.number(), "`%s`" % json.dumps(self.r.choice(FLOATS)), self.expression(depth + 1)])
        if first == "string":
            return self.r.choice(["'%s'" % self.r.choice(["a", "emp", "", "foo", "ü", "😀", "b"]), self.expression(depth + 1)])
        if first == "array-number":
            return self.r.choice(["`[1, 2.5, -3]`", "`[]`", "`[4, 1, 3, 1.0]`", self.expression(depth + 1) + "[]", "@"])
        if first == "array-string":
            return self.r.choice(["`[\"b\", \"a\", \"ü\"]`", "`[]`", "keys(@)", self.expression(depth + 1), "@"])
        if first == "array":
            return self.r.choice(["@", self.expression(depth + 1), "`[3, 1, 2]`", "items", "repositories", "@.*"])
        if first == "object":
            return self.r.choice(["@", "{a: a, b: `1`}", self.expression(depth + 1), "`{\"z\": 1, \"a\": 2}`"])
        return self.expression(depth + 1)

    def expression(self, depth=0):
        if depth > 3:
            return self.r.choice([self.identifier(), "@", self.literal()])
        e = lambda: self.expression(depth + 1)
        choices = [
            (12, lambda: self.identifier()),
            (3, lambda: "@"),
            (5, lambda: self.literal()),
            (10, lambda: "%s.%s" % (e(), self.identifier())),
            (3, lambda: "%s.%s" % (e(), self.r.choice(["*", "[%s, %s]" % (e(), e()), "{k: %s}" % e(), self.function_call(depth + 1)]))),
            (5, lambda: "%s[%s]" % (e(), self.number())),
            (5, lambda: e() + self.slice()),
            (6, lambda: "%s[*]%s" % (e(), self.tail(depth))),
            (5, lambda: "%s[]%s" % (e(), self.tail(depth))),
            (4, lambda: "%s.*%s" % (e(), self.tail(depth))),
            (3, lambda: "*%s" % self.tail(depth)),
            (7, lambda: "%s[?%s]%s" % (e(), self.condition(depth + 1), self.tail(depth))),
            (5, lambda: "%s | %s" % (e(), e())),
            (3, lambda: "%s || %s" % (e(), e())),
            (3, lambda: "%s && %s" % (e(), e())),
            (3, lambda: "!%s" % e()),
            (4, lambda: self.condition(depth + 1)),
            (4, lambda: "[%s]" % ", ".join(e() for _ in range(self.r.randint(1, 3)))),
            (4, lambda: "{%s}" % ", ".join("%s: %s" % (k, e()) for k in self.r.sample(["k", "v", "a", "\"x y\"", "n"], self.r.randint(1, 3)))),
            (2, lambda: "(%s)" % e()),
            (10, lambda: self.function_call(depth + 1)),
            (2, lambda: "[%s]%s" % (self.number(), self.r.choice(["", "." + self.identifier(), self.slice()]))),
            (2, lambda: "%s[%s]%s" % (e(), self.number(), self.slice() + self.r.choice(["", ".a", "[0]"]))),
        ]
        total = sum(w for w, _ in choices)
        pick = self.r.uniform(0, total)
        for weight, make in choices:
            pick -= weight
            if pick <= 0:
                return make()
        return self.identifier()

    def tail(self, depth):
        return self.r.choice(["", "", "." + self.identifier(), "." + self.identifier() + "." + self.identifier(),
                              "[0]", "[]", "[*]", self.slice(), "[?%s]" % self.condition(depth + 2), ".{n: %s}" % self.identifier(),
                              " | [0]", " | length(@)"])

    def condition(self, depth):
        left = self.r.choice([self.identifier(), "@", self.expression(depth + 1), "length(@)"])
        right = self.r.choice([self.literal(), self.identifier(), "`2`", "`\"a\"`", "'foo'", "`null`", "`true`", self.number()])
        op = self.r.choice(["==", "!=", "<", "<=", ">", ">="])
        if self.r.random() < 0.15:
            return self.r.choice([left, "!" + left, "%s %s %s && %s" % (left, op, right, self.identifier())])
        return "%s %s %s" % (left, op, right)

    def mutate(self, text):
        if not text:
            return text
        i = self.r.randrange(len(text) + 1)
        pick = self.r.random()
        if pick < 0.4:
            return text[:i] + self.r.choice(list(".[]{}()|&!=<>,:*@`'\"?- 0a")) + text[i:]
        if pick < 0.8:
            return text[:i] + text[i + 1:]
        return text[:i]


def has_stray_expref(node, is_argument=False):
    """An expression reference anywhere but as a function argument. jmespath.py evaluates one to an
    internal object (which compares unequal to everything and cannot be printed); the Swift module
    reports an invalid-type error instead, so such cases are left out of the corpus."""
    if not isinstance(node, dict):
        return False
    if node.get("type") == "expref" and not is_argument:
        return True
    for child in node.get("children", []):
        if has_stray_expref(child, node.get("type") == "function_expression"):
            return True
    return False


def has_big_integer(value):
    """An integer beyond 64 bits (ceil(1e300) is one in Python); the Swift module's integers are
    64-bit and it answers a float there, so such cases are left out of the corpus."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not -2**63 <= value < 2**63
    if isinstance(value, list):
        return any(has_big_integer(v) for v in value)
    if isinstance(value, dict):
        return any(has_big_integer(v) for v in value.values())
    if isinstance(value, str) and len(value) > 19:
        return value.lstrip("-").isdigit()  # to_string() of such an integer
    return False


def evaluate(expression, document):
    try:
        return {"result": jmespath.search(expression, document)}
    except Exception as e:  # any error counts; the kind is kept for the report
        for cls, kind in ERROR_KINDS:
            if isinstance(e, cls):
                return {"error": kind}
        return {"error": "other:" + type(e).__name__}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    g = Generator(rng)
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    written = 0
    while written < args.count:
        document = g.repositories() if rng.random() < 0.15 else g.document()
        expression = g.expression()
        if rng.random() < 0.08:
            expression = g.mutate(expression)
        try:
            if has_stray_expref(jmespath.compile(expression).parsed):
                continue
        except Exception:
            pass  # a syntax error: kept
        answer = evaluate(expression, document)
        if has_big_integer(answer.get("result")):
            continue
        line = {"expression": expression, "document": document}
        line.update(answer)
        try:
            text = json.dumps(line, ensure_ascii=False)
        except (TypeError, ValueError):
            continue  # the result holds something that is not JSON (an expression reference)
        out.write(text + "\n")
        written += 1
    out.flush()


if __name__ == "__main__":
    main()
