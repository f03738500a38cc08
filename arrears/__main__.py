"""Run the `arrears` command line: `python -m arrears ...`."""

from arrears.interfaces.cli.main import main

raise SystemExit(main())
