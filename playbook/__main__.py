from playbook.cli.main import main

main()
