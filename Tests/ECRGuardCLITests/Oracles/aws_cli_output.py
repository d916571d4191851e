#!/usr/bin/env python3
"""Oracle for OutputFormatterDifferentialTests: prints each case as the AWS CLI would.

stdin: a JSON array of cases {"format": "json"|"text"|"table"|"yaml"|"yaml-stream-item", "value": ...,
"title": str, "width": int}. stdout: a JSON array of {"output": str} or {"error": "ExceptionName"}.

json, text and table call the installed AWS CLI v1's own formatters (awscli.formatter, awscli.text,
awscli.table) with color off and the given terminal width. yaml follows AWS CLI v2's YAMLDumper
(awscli/formatter.py in aws-cli v2): ruamel.yaml's safe dumper with block style, and scalars as JSON.
"""
import io
import json
import sys
from argparse import Namespace

from awscli import text
from awscli.formatter import TableFormatter

try:
    from ruamel.yaml import YAML
except ImportError:
    YAML = None


def yaml_dump(value, out):
    if value is None or isinstance(value, (int, float, bool, str)):
        json.dump(value, out, ensure_ascii=False)
        out.write('\n')
        return
    dumper = YAML(typ='safe')
    dumper.encoding = None
    dumper.representer.default_flow_style = False
    dumper.dump(value, out)


def run(case):
    out = io.StringIO()
    fmt, value = case['format'], case['value']
    if fmt == 'json':
        if value != {}:
            json.dump(value, out, indent=4, ensure_ascii=False)
            out.write('\n')
    elif fmt == 'text':
        text.format_text(value, out)
    elif fmt == 'table':
        formatter = TableFormatter(Namespace(color='off', query=None))
        formatter.table._terminal_width = case.get('width', 80)
        formatter._format_response(case.get('title', 'Operation'), value, out)
    elif fmt in ('yaml', 'yaml-stream-item'):
        if YAML is None:
            return {'error': 'missing-ruamel'}
        if fmt == 'yaml-stream-item':
            yaml_dump([value], out)
        elif value != {}:
            yaml_dump(value, out)
    return {'output': out.getvalue()}


def main():
    results = []
    for case in json.load(sys.stdin):
        try:
            results.append(run(case))
        except Exception as error:  # the AWS CLI fails on this layout too
            results.append({'error': type(error).__name__})
    json.dump(results, sys.stdout)


main()
