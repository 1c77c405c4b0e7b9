"""``python -m assistant``: the same command line as the installed ``assistant`` script.

Useful where the console script is not on ``PATH`` (a checkout run with ``PYTHONPATH``,
or a worktree whose code should shadow the editable install).
"""

from assistant.cli import main

if __name__ == "__main__":
    main()
