"""Allow ``python -m fasci_tui``."""

from fasci_tui.cli import main

raise SystemExit(main())
