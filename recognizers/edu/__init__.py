"""EDU pack: student identifiers and education-record facts (grades, scores, IEPs, discipline, attendance)."""
