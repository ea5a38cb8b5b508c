"""Widgets shared by the app shell."""
