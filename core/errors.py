"""The refusal every action raises when its rule or the person's role does not allow it: a Spanish message
that says why and what to do. Pages show it as it is (`core.ui.actions.write`)."""


class ActionRefused(ValueError):
    """The action is not allowed now; the message says why and what to do."""
