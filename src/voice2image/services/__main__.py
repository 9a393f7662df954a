"""`python -m voice2image.services all --port 8000 diffusion=tiny`: `voice2image serve` without
the console script."""

from voice2image.cli import main

if __name__ == "__main__":
    import sys

    main(["serve", *sys.argv[1:]])
