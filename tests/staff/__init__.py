"""What staff see: every command's files, messages, exit codes, and the printed findings.

Each test states what a user relies on and asserts the exact message and exit code, or what the
printed page shows.
"""
