package org.steward.commons.security;

import java.util.function.Predicate;

/**
 * The firewall's rule for header values, Spring Security's own (every code point assigned, no control character but
 * tab), checked code point by code point: the default's regular expression ran over the bearer token on every
 * request. A property test holds the two to the same answers.
 */
public final class AllowedHeaderValues implements Predicate<String> {

    @Override
    public boolean test(String value) {
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            if (!Character.isDefined(codePoint)
                    || (Character.getType(codePoint) == Character.CONTROL && codePoint != '\t')) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
