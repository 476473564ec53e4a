"""HEALTH_PLAN_ID: member, subscriber, beneficiary, policy or Medicare/Medicaid numbers named as such."""

from __future__ import annotations

from classifier.findings import Category
from recognizers.keyword_ids import KeywordIdRecognizer


class HealthPlanIdRecognizer(KeywordIdRecognizer):
    entity = "HEALTH_PLAN_ID"
    category = Category.PHI
    keywords = (
        r"(?:insurance|ins|insur|health|medical|dental|vision)\.?\s+(?:policy|plan|member|card|group|subscriber)"
        r"|member|subscriber|beneficiary|policy|policyholder|insurance|insur|ins|insurer|coverage"
        r"|medicaid|medicare|mbi|hicn|health\s+plan|plan\s*(?:id|number|no|\#)|group\s*(?:id|number|no|\#)|payer|bcbs|hmo|ppo"
    )
