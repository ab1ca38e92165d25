"""What staff see: every command's files, messages, exit codes, and the printed findings.

Each test states a user's view that was wrong before (issue: "What staff see") and asserts the
exact message and exit code, or what the printed page shows.
"""
