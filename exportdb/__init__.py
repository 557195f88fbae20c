"""Models for exportcheck cases, one module per model family.

Importing this package imports nothing else: the load role may unpickle
`exportdb.types` without pulling in any model module.
"""
