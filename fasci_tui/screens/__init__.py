"""Screens pushed over the main layout: help, disclaimer, too-small terminal."""
