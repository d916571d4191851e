#!/usr/bin/env python3
"""moto_server with ECR's clock fixed at 2026-01-02T03:04:05Z, so that two runs of the same commands
answer the same bytes (createdAt, imagePushedAt): the differential tests run a command with `aws`,
reset moto, and run it again with `ecrguard`. Usage: moto_fixed_clock.py -H 127.0.0.1 -p PORT"""
import datetime as _datetime
import sys

import moto.ecr.models as ecr_models
from moto.server import main

FIXED = _datetime.datetime(2026, 1, 2, 3, 4, 5)


class FixedDatetime(_datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return FIXED.replace(tzinfo=tz) if tz else FIXED

    @classmethod
    def today(cls):
        return FIXED


ecr_models.utcnow = lambda: FIXED
ecr_models.datetime = FixedDatetime

if __name__ == "__main__":
    main(sys.argv[1:])
