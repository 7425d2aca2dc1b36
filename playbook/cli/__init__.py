"""The ``playbook`` command line: one module per subcommand."""
