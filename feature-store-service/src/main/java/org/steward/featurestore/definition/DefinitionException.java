package org.steward.featurestore.definition;

import java.util.List;

/** A definition document that cannot be applied, with every problem found, each naming where it is. */
public class DefinitionException extends RuntimeException {

    private final List<String> problems;

    public DefinitionException(List<String> problems) {
        super(problems.size() == 1 ? problems.getFirst()
                : problems.size() + " problems: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
