"""Request handlers, one class per intent family."""
