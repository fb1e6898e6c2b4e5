"""Demo content for a local run: the Process's record of 2016–2017 and a generated larger record.

Its own small app so that its management commands are found, and so that the apps holding the
real record (`meetings`, `documents`) carry none of it.
"""
