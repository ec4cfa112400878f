@NullMarked
package io.kcsink.errors;

import org.jspecify.annotations.NullMarked;
