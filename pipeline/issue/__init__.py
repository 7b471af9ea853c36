"""Issuing (ND30 Chương III Mục 1): numbers, the register of outgoing documents, the archive, digital signatures.

- :mod:`pipeline.issue.series`: the number series, the next free number, gaps;
- :mod:`pipeline.issue.number`: ``make cap-so``, writing the number and date into a data file;
- :mod:`pipeline.issue.archive`: what was issued, frozen with its hashes;
- :mod:`pipeline.issue.register`: the sổ đăng ký văn bản đi (DOCX, PDF, CSV);
- :mod:`pipeline.issue.sign`: PAdES signatures with pyHanko, at the places the decree sets.
"""
