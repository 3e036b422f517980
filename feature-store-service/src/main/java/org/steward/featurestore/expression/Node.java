package org.steward.featurestore.expression;

/**
 * One compiled step of an expression. {@code inputs} holds the referenced inputs, already checked
 * and widened, in the order the compiler numbered them; the result is of the step's type or null.
 */
@FunctionalInterface
interface Node {
    Object eval(Object[] inputs);
}
