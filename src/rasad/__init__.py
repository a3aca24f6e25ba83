"""rasad: Arabic-first political event data from raw news pages."""

__version__ = "0.1.0"
