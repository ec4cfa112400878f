@NullMarked
package io.kcsink.config;

import org.jspecify.annotations.NullMarked;
