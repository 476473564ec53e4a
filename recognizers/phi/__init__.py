"""PHI pack: health identifiers (MRN, plan IDs, NPI, DEA) and health facts (conditions, drugs, procedures)."""
