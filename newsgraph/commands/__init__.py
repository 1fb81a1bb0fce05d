"""Sub-commands of the ``newsgraph`` CLI; each module exposes ``register(subparsers)``."""
