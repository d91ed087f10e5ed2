package dev.bootstrap.testing.lab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** How many nodes the lab of a test class has (default 3). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface LabNodes {
    int value();
}
