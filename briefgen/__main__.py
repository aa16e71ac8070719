"""`python -m briefgen`: the command line."""

import sys

from briefgen.cli import main

sys.exit(main())
