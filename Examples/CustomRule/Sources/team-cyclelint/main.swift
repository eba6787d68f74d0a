import CycleLintCLI
import EventBusRules

// Every `cyclelint` command, with the team's rule run by `check` and listed by `rules`.
CycleLintMain.main(extraRules: [EventBusSubscriptionRule()])
