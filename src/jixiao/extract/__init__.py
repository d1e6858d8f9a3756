"""Understanding a published report's text: the layout passes (``builder`` and the modules it runs).

The file readers are ``jixiao.inputs.files`` (one module per format). The way in is ``jixiao.intake``
(``load``, ``extract_file``, ``extract_text``); this package holds no code of its own, so that importing
one pass never imports the others.
"""
