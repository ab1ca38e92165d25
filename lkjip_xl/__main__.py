import sys

from lkjip_xl.cli import main

sys.exit(main())
