"""System finance in £'000: control totals, monthly positions, efficiency plans and funds."""
