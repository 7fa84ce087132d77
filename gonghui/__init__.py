"""Gonghui (工会): the work system of a Chinese grassroots trade union."""

__version__ = "0.1.0"
