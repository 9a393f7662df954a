import sys

from voice2image.thesis.cli import run

sys.exit(run())
