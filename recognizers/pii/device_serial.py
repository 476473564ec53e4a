"""DEVICE_ID: serial numbers and device identifiers named as such ("serial no. C02XK1ZJJG5H")."""

from __future__ import annotations

from classifier.findings import Category
from recognizers.keyword_ids import KeywordIdRecognizer


class DeviceSerialRecognizer(KeywordIdRecognizer):
    entity = "DEVICE_ID"
    category = Category.PII
    keywords = (
        r"serial|s/n|sn|device\s+(?:id|identifier|serial)|deviceid|device_id|udid|android\s+id"
        r"|advertising\s+id|idfa|idfv|hardware\s+id|esn|vin"
    )
    value = r"[A-Z0-9](?:[A-Z0-9]|[-:](?=[A-Z0-9])){5,40}"
    min_digits = 2
