from blogweave.cli import main

main()
