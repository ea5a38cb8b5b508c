"""The themes: Textual's own, plus ``high-contrast``, readable in 16 colours.

``high-contrast`` uses only the terminal's 16 ANSI colours (``ansi=True``): its
foreground and background are the terminal's own, so it reads on dark and light
terminals alike, and it needs no true colour (a console over a serial line, an old
SSH client, ``TERM=xterm``). Highlights are bold or reversed rather than faint tints.
NO_COLOR is Textual's business: it removes the colours of every theme.
"""

from __future__ import annotations

from textual.theme import BUILTIN_THEMES, Theme

HIGH_CONTRAST = Theme(
    name="high-contrast",
    ansi=True,
    primary="ansi_bright_blue",
    secondary="ansi_bright_cyan",
    accent="ansi_bright_magenta",
    warning="ansi_yellow",
    error="ansi_bright_red",
    success="ansi_green",
    foreground="ansi_default",
    background="ansi_default",
    surface="ansi_default",
    panel="ansi_default",
    boost="ansi_default",
    dark=True,
    variables={
        "ansi-background": "ansi_default",
        "ansi-foreground": "ansi_default",
        "text-muted": "ansi_default",
        **{f"{name}-muted": "ansi_default" for name in (
            "primary", "secondary", "accent", "warning", "error", "success")},
        "border": "ansi_bright_blue",
        "border-blurred": "ansi_default",
        "block-cursor-foreground": "ansi_black",
        "block-cursor-background": "ansi_bright_yellow",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "ansi_black",
        "block-cursor-blurred-background": "ansi_white",
        "input-cursor-background": "ansi_bright_white",
        "input-cursor-foreground": "ansi_black",
        "input-selection-background": "ansi_bright_blue",
        "input-selection-foreground": "ansi_black",
        "footer-key-foreground": "ansi_bright_yellow",
        "footer-description-foreground": "ansi_default",
        "scrollbar": "ansi_bright_blue",
        "scrollbar-background": "ansi_default",
        "screen-selection-background": "ansi_bright_blue",
        "screen-selection-foreground": "ansi_black",
    },
)
"""A theme for 16-colour terminals and poor eyesight: strong contrasts only."""

EXTRA_THEMES = (HIGH_CONTRAST,)
"""The themes fasci-tui adds to Textual's."""


def theme_names() -> list[str]:
    """Every theme name: Textual's built-in ones and ours."""
    return sorted({*BUILTIN_THEMES, *(theme.name for theme in EXTRA_THEMES)})
