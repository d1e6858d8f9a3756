"""Understanding a published report's text: the layout passes (``builder`` and the modules it runs) and
the file readers (``readers``, ``docx_reader``, ``pdf_reader``, ``pdf_layout``, ``html_tables``, ``scans``).

The way in is ``jixiao.intake`` (``load``, ``extract_file``, ``extract_text``); this package holds no code
of its own, so that importing a reader never imports the passes.
"""
