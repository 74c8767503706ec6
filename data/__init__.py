"""Files that ship with facilitator: the example session plan (installed as `facilitator_data`)."""
