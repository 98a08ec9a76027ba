"""``python -m gradstep``: the same as the ``gradstep`` command."""

from gradstep.cli.app import main

if __name__ == "__main__":
    main()
