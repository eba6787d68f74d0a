/// What a rule sees: the project index and every retention the graph found.
public final class RuleContext {
}
