/**
 * Test fixture for ModuleLayeringTest: a class placed in the driver layer's packages that breaks
 * the module table on purpose. Lives only in cli's test classes, never in a jar.
 */
package io.talus.driver.layeringfixture;
