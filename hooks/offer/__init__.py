"""The Offer library's core: load, validate and model stories, and write page text.

Plain Python with no MkDocs imports, shared by the MkDocs hooks, the
command-line tools in scripts/ and the tests.
"""
