"""fasci-tui: a terminal reference on nutrients, habits and muscle twitching."""

__version__ = "0.1.0"
