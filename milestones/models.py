"""Plans, workstreams and milestones with derived RAG (built on governance's commitments)."""
