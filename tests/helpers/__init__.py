"""Helpers shared by the test modules: data, builders and servers (no tests here).

Fixtures are in ``tests/conftest.py``; a test module imports plain helpers from here,
never from another test module.
"""
