"""`python -m cablekit` runs the command-line program."""
from .cli import main

main()
