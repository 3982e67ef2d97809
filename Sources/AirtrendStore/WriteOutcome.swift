/// What storing one hour did: a new or changed value, or the same value as before.
public enum WriteOutcome: Sendable { case stored, unchanged }
