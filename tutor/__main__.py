"""python -m tutor: the same as the ``tutor`` command."""

from tutor.cli import main

if __name__ == "__main__":
    main()
