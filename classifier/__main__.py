"""`python -m classifier` runs the command line."""

import sys

from classifier.cli.main import main

sys.exit(main())
