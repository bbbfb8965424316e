"""The exceptions of baocao. Messages are the command line's: they name the
input, and for bad bytes the line and byte offset."""


class Error(Exception):
    """Any failure of baocao."""


class InputError(Error, ValueError):
    """An input cannot be read or decoded (invalid UTF-8, binary data, a
    file that cannot be opened). A batch reports it and goes on."""


class OptionError(Error, ValueError):
    """An option has a value outside its range or an unknown name."""


class ModelError(Error):
    """The model files are missing or damaged."""
